"""Accounts (账号与角色): Django users in; roles (office, liaison, reader) and the department a
liaison speaks for out.
"""
