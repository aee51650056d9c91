"""gen-katas harness: the `kata` CLI, the loader, progress tracking, model assembly and training."""
