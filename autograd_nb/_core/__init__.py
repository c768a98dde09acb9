"""The core: dtypes, errors, grad mode, the tensor's state, hooks and the engine.

It imports nothing from the layers above it (the import contracts in pyproject.toml)."""
