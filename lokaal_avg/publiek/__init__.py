"""The public register: what a citizen may read about the organisation's processing activities."""
