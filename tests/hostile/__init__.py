"""The hostile-input corpus and the core's tests against it."""
