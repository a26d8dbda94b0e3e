"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual rebuilds the footer (removes and mounts a widget per key) twice on every change
    of focus, the second time with the same keys: about 10 ms each at 160 columns, enough
    to delay the first keystroke typed after ``f``. This footer skips a rebuild that would
    show exactly what it shows already."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable | None = None

    def _keys(self) -> Hashable:
        """Everything ``Footer.compose`` reads: each shown binding and how it is drawn."""
        return (
            self.show_command_palette,
            tuple(
                (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.action,
                    binding.description,
                    binding.show,
                    binding.group,
                    enabled,
                    tooltip,
                )
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            ),
        )

    async def recompose(self) -> None:
        if self.is_attached:  # else (a dialog closed meanwhile) Footer does nothing either
            keys = self._keys()
            if keys == self._shown and self.children:  # empty: not composed from keys yet
                return
            self._shown = keys
        await super().recompose()
