"""The Setlists workspace."""
