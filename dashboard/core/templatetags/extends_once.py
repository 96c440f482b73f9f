"""``{% extends %}`` as Django's, with the parent's blocks found once per compiled parent.

A builtin (settings ``TEMPLATES``), loaded after Django's own tags, so every page's
``{% extends "base.html" %}`` uses it without a ``{% load %}``. Django's ExtendsNode walks the
whole root template (base.html: the header, menus, footer) for its ``{% block %}`` tags on
every rendering, ~70 µs a page on the benchmark's machine (issue 19); a compiled template
never changes, so its blocks are found once and kept as long as it is. Everything else is
Django's: the same parent lookup, block context and errors.
"""

from __future__ import annotations

import weakref

from django import template
from django.template.base import Parser, Template, TextNode, Token
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)
from django.utils.safestring import SafeString

register = template.Library()

_blocks: weakref.WeakKeyDictionary[Template, dict[str, BlockNode]] = weakref.WeakKeyDictionary()


def _blocks_of(compiled: Template) -> dict[str, BlockNode]:
    found = _blocks.get(compiled)
    if found is None:
        found = _blocks[compiled] = {
            node.name: node for node in compiled.nodelist.get_nodes_by_type(BlockNode)
        }
    return found


class ExtendsOnceNode(ExtendsNode):
    """Django's ExtendsNode (``render`` as in Django 5.2), the root's blocks found once."""

    def render(self, context: template.Context) -> SafeString:
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        # A parent that extends nothing is the root: its blocks join the block context too.
        for node in compiled_parent.nodelist:
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    block_context.add_blocks(_blocks_of(compiled_parent))
                break
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)  # type: ignore[no-any-return]


@register.tag("extends")
def extends(parser: Parser, token: Token) -> ExtendsOnceNode:
    """Django's ``{% extends %}`` (same argument and checks), see the module."""
    node = do_extends(parser, token)
    return ExtendsOnceNode(node.nodelist, node.parent_name, node.template_dirs)
