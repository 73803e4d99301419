"""The `figure` filter writes measured values without trailing zeros, in the reader's locale."""

from decimal import Decimal

import pytest
from django.utils import translation

from obeya.site.templatetags.obeya_numbers import figure


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (4.1, "en", "4.1"),
        (Decimal("4.100"), "en", "4.1"),
        (4.1, "fr", "4,1"),
        (12, "en", "12"),
        (2.0, "fr", "2"),
        (0.33333, "en", "0.333"),
        (0.0004, "en", "0"),
        (-1.25, "fr", "-1,25"),
        (None, "en", ""),
        ("n/a", "en", "n/a"),
    ],
)
def test_figure_drops_trailing_zeros_in_the_readers_locale(value, language, expected):
    with translation.override(language):
        assert figure(value) == expected
