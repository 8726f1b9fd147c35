"""Publishing (发布): accepted figures in; dashboards, the public page and bulletins out."""
