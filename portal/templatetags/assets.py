"""Our own scripts and stylesheets, each with its Subresource Integrity (portal.integrity):

{% load assets %}
{% stylesheet 'portal/css/portal.css' %}
{% stylesheet 'portal/css/print.css' media='print' %}
{% script 'mapping/vendor/leaflet-1.9.4/leaflet.js' defer=True %}
{% script 'mapping/js/issue-map.js' module=True %}
"""

from django import template

from portal.integrity import script_tag, stylesheet_tag

register = template.Library()


@register.simple_tag
def stylesheet(name, media=None):
    return stylesheet_tag(name, media=media)


@register.simple_tag
def script(name, module=False, defer=False):
    return script_tag(name, module=module, defer=defer)
