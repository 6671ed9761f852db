"""A person at the browser: with the mouse, or with the keyboard only.

`Person(page, keyboard=True)` reaches every control with Tab (or Shift+Tab) as a keyboard user
does, checks that the focused control shows a visible focus ring, and activates it with Enter
or Space. A select is focused with Tab and then given its value (Chromium's headless select
pop-up cannot be driven by key presses reliably); everything else is real key presses.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TABS = 250

# The focused element shows a ring: an outline or a box-shadow (Bootstrap's form controls).
FOCUS_VISIBLE = """el => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return el.matches(':focus-visible') && (outline || style.boxShadow !== 'none');
}"""
IS_FOCUSED = "el => el === document.activeElement"
# True when the target comes after the focused element in document order.
AFTER_FOCUS = """el => {
  const active = document.activeElement;
  if (!active || active === document.body) return true;
  return !!(active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


@dataclass
class Person:
    page: object
    keyboard: bool = False

    def tab_to(self, locator) -> None:
        """Move the focus to the control with Tab presses only; fail if Tab never gets there."""
        target = locator.element_handle()
        key = "Tab" if target.evaluate(AFTER_FOCUS) else "Shift+Tab"
        for _ in range(MAX_TABS):
            self.page.keyboard.press(key)
            if target.evaluate(IS_FOCUSED):
                assert target.evaluate(FOCUS_VISIBLE), f"geen zichtbare focus op {locator}"
                return
        raise AssertionError(f"niet bereikbaar met Tab: {locator}")

    def click(self, locator) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def go(self, locator) -> None:
        """Activate a link or submit button and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.click(locator)

    def fill(self, locator, text: str) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def check(self, locator) -> None:
        if self.keyboard:
            self.tab_to(locator)
            if not locator.is_checked():
                self.page.keyboard.press("Space")
        else:
            locator.check()
        assert locator.is_checked()

    def choose(self, locator, **option) -> None:
        if self.keyboard:
            self.tab_to(locator)
        locator.select_option(**option)

    def sign_in(self, user) -> None:
        from tests.conftest import TEST_PASSWORD

        self.page.goto("/login")
        self.fill(self.page.get_by_label("E-mailadres"), user.email)
        self.fill(self.page.get_by_label("Wachtwoord"), TEST_PASSWORD)
        self.go(self.page.get_by_role("button", name="Aanmelden"))
        assert "/login" not in self.page.url, self.page.content()[:2000]

    def sign_out(self) -> None:
        self.go(self.page.get_by_role("button", name="Afmelden"))

    def menu(self, name: str) -> None:
        """Follow a link in the main menu (unfolding it first on a narrow window)."""
        toggler = self.page.get_by_role("button", name="Menu")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") == "false":
            self.click(toggler)
        self.go(self.page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name, exact=True))
