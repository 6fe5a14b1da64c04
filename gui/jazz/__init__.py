"""The Jazz workspace."""
