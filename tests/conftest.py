"""Shared test setup: a screenless matplotlib backend."""

import matplotlib

matplotlib.use("Agg")
