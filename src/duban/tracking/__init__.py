"""Tracking (进展督办): periodic progress reports in; time progress, completion, status, lights and
reminders out.
"""
