"""Web project (站点): settings from the environment in; URLs, shared templates and the Django
setup used by the CLI out.
"""
