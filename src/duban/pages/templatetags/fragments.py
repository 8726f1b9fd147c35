"""``{% fragment key %}…{% endfragment %}``: the enclosed markup rendered once per key and kept in
this process (``tracking.cache``), so a busy page re-renders only its per-user frame.

The key, a tuple, is built by the view: ``cache.plan_key`` (plan, revision, day) plus the reader's
scope and query, so that a write to the plan bumps the revision and retires every fragment of it;
or, where the view reads its data anyway, what the markup shows (the ledger's ``fingerprint``). A
fragment is shared by every user of that scope, so it is rendered with no CSRF token: a form
inside it that needs one fails visibly instead of handing one user's token to another. An empty
key renders the markup afresh every time; fragments are told apart by where the tag stands.
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode

from duban.tracking import cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, key: FilterExpression) -> None:
        self.nodelist = nodelist
        self.key = key

    def render(self, context: Context) -> str:
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)

        def rendered() -> str:
            with context.push(csrf_token=None):
                return self.nodelist.render(context)

        # Where the tag stands tells fragments apart, so two of them may share a key; a key the
        # view made lazily is kept as the plain tuple it stands for.
        place = (self.origin.name if self.origin else "", self.token.position if self.token else None)
        return cache.remember_page(("fragment", *place, tuple(key)), rendered)


@register.tag("fragment")
def fragment(parser: Parser, token: Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("usage: {% fragment key %}…{% endfragment %}")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError("{% csrf_token %} cannot be inside a shared {% fragment %}")
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
