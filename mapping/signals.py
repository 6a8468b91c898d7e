"""Keep what derives from reference data in step with it."""

from django.db.models.signals import post_delete, post_save

from portal.cache import bump_content_generation, bump_generation

# The cached grid of the map API (see mapping.api) changes with every issue.
MAP_GENERATION = "mapping:issues-generation"


def bump_map_generation(**kwargs):
    bump_generation(MAP_GENERATION)


def reposition_sensitive_issues(sender, instance, **kwargs):
    """A category turned sensitive (or back) moves its issues' public position to the area (or the point)."""
    from mapping.models import Issue

    for issue in Issue.objects.filter(category=instance).select_related("category", "area").iterator():
        position = issue.public_position()
        if position != (issue.map_latitude, issue.map_longitude):
            Issue.objects.filter(pk=issue.pk).update(map_latitude=position[0], map_longitude=position[1])


def connect():
    from mapping.models import Area, Authority, Category, MapPage

    for model in (Area, Category, Authority, MapPage):
        post_save.connect(
            bump_content_generation, sender=model, dispatch_uid=f"mapping-save-{model.__name__}"
        )
        post_delete.connect(
            bump_content_generation, sender=model, dispatch_uid=f"mapping-del-{model.__name__}"
        )
    post_save.connect(reposition_sensitive_issues, sender=Category, dispatch_uid="mapping-sensitive")
    from mapping.models import Issue

    for model in (Issue, Area, Category):
        post_save.connect(
            bump_map_generation, sender=model, dispatch_uid=f"mapping-grid-save-{model.__name__}"
        )
        post_delete.connect(
            bump_map_generation, sender=model, dispatch_uid=f"mapping-grid-del-{model.__name__}"
        )
