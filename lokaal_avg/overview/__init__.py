"""The organisation overview: dashboard, "Wat nu?" and the DPO portfolio.

It sits at the top of the features: each feature exposes its figures through one small function
(register summaries, channel figures, finding and action counts) and this package composes them.
"""
