"""Monitoring visits on the map: the visits layer of the map API (the models are in mapping.models)."""
