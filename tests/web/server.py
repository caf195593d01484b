"""``openfisca serve`` of the package on a free loopback port, for the web API tests."""

import contextlib

import pytest

from openfisca_ct_education.web.local_server import ServerError, openfisca_serve_command, running_server


@contextlib.contextmanager
def serve(*arguments):
    """Base URL of ``openfisca serve --country-package openfisca_ct_education [arguments]``, stopped on exit."""
    try:
        with running_server(lambda port: [*openfisca_serve_command(port), *arguments]) as base_url:
            yield base_url
    except ServerError as error:
        pytest.fail(str(error))
