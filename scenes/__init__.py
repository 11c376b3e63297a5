"""Manim scenes of the talk. Each module is one scene family; `scenes.catalogue` lists them in talk order.

Scenes lay out and animate: every value they show comes from `mathcore`, every colour, font and number
format from `scenes.style`.
"""
