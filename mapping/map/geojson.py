"""The answer every map layer of the API gives: a GeoJSON FeatureCollection, compact, in UTF-8."""

import json

from django.http import HttpResponse


def feature_collection_response(features, max_age=60, **members):
    """A FeatureCollection of `features` (with `total`, their number, unless `members` give it) as an
    `application/geo+json` answer that browsers may keep `max_age` seconds."""
    collection = {"type": "FeatureCollection", "total": len(features), **members, "features": features}
    body = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
