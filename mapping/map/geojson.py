"""The answer every map layer of the API gives: a GeoJSON FeatureCollection, compact, in UTF-8."""

import json

from django.http import HttpResponse


class WrittenFeatures(list):
    """Features already written as JSON text (`feature_json`), in the order they are to be sent."""


def feature_json(feature):
    """One feature as the answers write it (compact, in UTF-8 rather than escaped)."""
    return json.dumps(feature, ensure_ascii=False, separators=(",", ":"))


def feature_collection_response(features, max_age=60, **members):
    """A FeatureCollection of `features` (with `total`, their number, unless `members` give it) as an
    `application/geo+json` answer that browsers may keep `max_age` seconds. `features` may also be
    features already written by `feature_json` (a `WrittenFeatures` list), which are put in as they are."""
    written = isinstance(features, WrittenFeatures)
    collection = {
        "type": "FeatureCollection",
        "total": len(features),
        **members,
        "features": [] if written else features,
    }
    body = feature_json(collection)
    if written:
        body = body[: -len("[]}")] + "[" + ",".join(features) + "]}"
    response = HttpResponse(body.encode(), content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
