"""Model sources: built-in tiny pipelines, local folders, hub ids, factories and plugin hooks."""
