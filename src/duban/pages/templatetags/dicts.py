"""``{{ mapping|get_item:key }}``: a dict looked up by a key held in a variable, which Django's
template language cannot say (a refusal shown at the report it concerns)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
