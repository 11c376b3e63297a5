"""The seed notebooks' own code, copied as a slow oracle for the tests and the benchmark.

Copied from shared/seeds/000_66df5a473e1d6be2.txt and 004_cb7060de1c6eceb6.txt with the plotting removed and
only these changes, each needed to run it at all or to run it on every preset:

- `calculate_kl` reads the globals `x` and `gt_dist`, which the notebook defines only after its first use;
  here they are defined before it.
- The composition loop is the body of a notebook cell; here it is a function of the run's parameters, and
  its schedule is a parameter (the notebook hard-codes cosine_lr_schedule; OLMo's schedule is linear).
- `seed_decay_curves` is the forgetting-curve cell's loop, returning the curves instead of plotting them.

Do not tidy this file: its value is that it is the seed's code, per-step Python loops and all.
"""

import numpy as np
from scipy.special import kl_div

# --- 000: compression rate ---------------------------------------------------------------------------------


def calculate_compression_rate(num_tokens: int = 15e12, num_params: int = 8e9, model_name: str = "Llama3-8B"):
    """
    Function to calculate compression rate of a LLM
    """

    # Calculate the size in TB
    bytes_per_token = 4
    total_bytes = num_tokens * bytes_per_token
    total_tb = total_bytes / (1024**4)  # Convert bytes to TB

    print(
        f"{model_name} is trained with {num_tokens:.2e} tokens, which is {total_bytes:.2e} bytes, or {total_tb:.2f} TB"  # noqa: E501
    )

    # Calculate size of model of llama3-8b
    bytes_per_param = 4  # Assuming 32-bit float for each parameter
    model_size_bytes = num_params * bytes_per_param
    model_size_gb = model_size_bytes / (1024**3)  # Convert bytes to GB

    print(f"The size of the {model_name} model is approximately {model_size_gb:.2f} GB")

    # Calculate compression rate
    compression_rate = total_bytes / model_size_bytes

    print(f"The compression rate is approximately {compression_rate:.2f}")

    return compression_rate, total_bytes, model_size_bytes


# --- 000: KL sweep -----------------------------------------------------------------------------------------


def gaussian(x, mu, sigma):
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))


# Defined before calculate_kl uses them (the notebook defines them later, so it fails on a fresh run).
gt_mu, gt_sigma = 0, 1
x = np.linspace(-4, 4, 1000)
gt_dist = gaussian(x, gt_mu, gt_sigma)


def calculate_kl(frame):
    model_mu = 0.5 * np.cos(frame / 10)
    model_sigma = 1 + 0.5 * np.sin(frame / 10)
    model_dist = gaussian(x, model_mu, model_sigma)
    kl = kl_div(gt_dist, model_dist)
    center_range = np.abs(x) < 2
    center_kl = np.sum(kl[center_range])
    tail_kl = np.sum(kl[~center_range])
    total_kl = center_kl + tail_kl
    relative_tail_kl = tail_kl / total_kl
    return total_kl, center_kl, tail_kl, relative_tail_kl, model_dist


def seed_min_kl_frame(frames=100):
    """The notebook's search loop for the global minimum (over range(100))."""
    min_kl_frame = 0
    min_kl_value = float("inf")
    for frame in range(frames):
        total_kl, _, _, _, _ = calculate_kl(frame)
        if total_kl < min_kl_value:
            min_kl_value = total_kl
            min_kl_frame = frame
    return min_kl_frame, min_kl_value


# --- 004: schedules, decay factors, composition ------------------------------------------------------------


# cosine learning rate schedule
def cosine_lr_schedule(step, total_steps, warmup_steps=700, max_lr=6e-4, min_lr=6e-5):
    """Returns the learning rate at step."""
    if step < warmup_steps:
        return max_lr * step / warmup_steps
    return min_lr + 0.5 * (max_lr - min_lr) * (
        1 + np.cos((step - warmup_steps) / (total_steps - warmup_steps) * np.pi)
    )


# linear learning rate schedule
def linear_lr_schedule(step, total_steps, warmup_steps=700, max_lr=6e-4, min_lr=6e-5):
    """Returns the learning rate at step."""
    if step < warmup_steps:
        return max_lr * step / warmup_steps
    return min_lr + (max_lr - min_lr) * (1 - (step - warmup_steps) / (total_steps - warmup_steps))


def get_adamw_decay_factors(
    step_start,
    step_end,
    total_steps,
    weight_decay,
    warmup_steps=700,
    max_lr=6e-4,
    min_lr=6e-5,
    get_lr=cosine_lr_schedule,
):
    """returns the factors by how much the weights are decayed from start step to end step."""
    per_step_decay_factors = []
    for step in range(step_start, step_end):
        lr = get_lr(step, total_steps, warmup_steps, max_lr, min_lr)
        per_step_decay_factors.append(1 - lr * weight_decay)
    return np.cumprod(per_step_decay_factors)


def seed_decay_curves(total_steps, weight_decay, warmup_steps, max_lr, min_lr, get_lr=cosine_lr_schedule):
    """The forgetting-curve cell: {step_start: cumulative decay curve} for 0 %, 10 %, ..., 90 %."""
    curves = {}
    for i in range(0, 100, 10):
        step_start = int(i / 100 * total_steps)
        decay_factor = get_adamw_decay_factors(
            step_start, total_steps, total_steps, weight_decay, warmup_steps, max_lr, min_lr, get_lr=get_lr
        )
        curves[step_start] = decay_factor
    return curves


def seed_composition(total_steps, weight_decay, warmup_steps, max_lr, min_lr, get_lr=cosine_lr_schedule):
    """The composition cell: each tenth's lr sum times the decay from its middle step, normalised."""
    model_norm = []
    for i in range(0, 100, 10):
        step_start = int(i / 100 * total_steps)
        step_end = int((i + 10) / 100 * total_steps)  # we look at 10% of the steps
        # now sum all the learnig rates from step_start to step_end
        lr_sum = 0
        for step in range(step_start, step_end):
            lr_sum += get_lr(step, total_steps, warmup_steps, max_lr, min_lr)
        # approximate the decay by using the middle step of the interval
        decay_factor = get_adamw_decay_factors(
            int((step_start + step_end) / 2),
            total_steps,
            total_steps,
            weight_decay,
            warmup_steps,
            max_lr,
            min_lr,
            get_lr=get_lr,
        )
        model_norm.append(decay_factor[-1] * lr_sum)
    model_norm = np.array(model_norm) / np.sum(model_norm)
    return model_norm


def schedule_of(run):
    """The seed's per-step schedule function for a mathcore TrainingRun."""
    return {"cosine": cosine_lr_schedule, "linear": linear_lr_schedule}[run.schedule]
