"""Synthetic populations calibrated to published statistics, and validation of user-supplied ones."""

from migralex.population.generate import BLOCK, PopulationSpec, generate, generate_block, iter_chunks
from migralex.population.profiles import PROFILES, Profile, get_profile
from migralex.population.validate import Validation, read_table, validate_file, validate_frame

__all__ = [
    "BLOCK",
    "PROFILES",
    "PopulationSpec",
    "Profile",
    "Validation",
    "generate",
    "generate_block",
    "get_profile",
    "iter_chunks",
    "read_table",
    "validate_file",
    "validate_frame",
]
