"""The web pages: a request in, one service call, the rendered page out.

Every HTML view of duban lives here, above the stages it shows (``plans``, ``tracking``,
``publish``, ``accounts``), with the helpers views share: refusals answered as Chinese pages
(``responses``), pages kept whole per plan revision and viewer (``kept``) and kept fragments
(``templatetags.fragments``). ``web`` only routes addresses here.
"""
