"""Reports of violations of our Content Security Policy: what browsers send (parsing), what is kept of it
(models: one row per kind of violation, with a count), the endpoint that receives them (views) and the
admin's read-only list (viewsets)."""
