"""Supervision orders (督办单): tasks that turn red or miss their report in; proposed, issued,
signed for, answered, extended, closed or escalated orders out, each step with its history and a
notice to the other side."""
