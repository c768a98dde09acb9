"""The core: dtypes, devices and layouts, errors, grad mode, the tensor's state and storage
views, hooks and the engine.

It imports nothing from the layers above it (the import contracts in pyproject.toml)."""
