"""Finding a reform by name: a dotted path to a Reform class, or a short name in ``openfisca_ct_education.reforms``.

    openfisca_ct_education.reforms.<module>.<Class>   any importable module.Class
    <module>.<Class>                                  a class of openfisca_ct_education.reforms.<module>
    <module>                                          the one Reform subclass of that module
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import pkgutil

from openfisca_core.reforms import Reform

from openfisca_ct_education.errors import InputDataError
from openfisca_ct_education.engine.parameter_checks import check_parameters

REFORMS_PACKAGE = "openfisca_ct_education.reforms"


def _reforms_of(module) -> list[type]:
    return [
        value
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, Reform) and value is not Reform and value.__module__ == module.__name__
    ]


def _import(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and (name == error.name or name.startswith(error.name + ".")):
            return None
        raise


def load_reform(name) -> type:
    """The Reform class ``name`` designates (a class is returned as it is)."""
    if inspect.isclass(name) and issubclass(name, Reform):
        return name
    text = str(name).strip()
    candidates = [text, f"{REFORMS_PACKAGE}.{text}"] if not text.startswith(REFORMS_PACKAGE) else [text]
    for candidate in candidates:
        module = _import(candidate)
        if module is not None:
            reforms = _reforms_of(module)
            if len(reforms) == 1:
                return reforms[0]
            raise InputDataError(
                f"Reform {text!r}: module {candidate} defines {len(reforms)} reforms "
                f"({', '.join(reform.__name__ for reform in reforms) or 'none'}); name one as {candidate}.<Class>."
            )
        module_name, _, class_name = candidate.rpartition(".")
        module = _import(module_name) if module_name else None
        reform = getattr(module, class_name, None) if module is not None else None
        if inspect.isclass(reform) and issubclass(reform, Reform):
            return reform
    near = difflib.get_close_matches(text, short_names(), n=2, cutoff=0.5)
    hint = f" Did you mean {' or '.join(near)}?" if near else f" The package's reforms: {', '.join(short_names())}."
    raise InputDataError(
        f"Unknown reform {text!r}: give a short name or a dotted path to a Reform class "
        f"({REFORMS_PACKAGE}.<module>.<Class>).{hint}"
    )


@functools.cache
def short_names() -> tuple[str, ...]:
    """The short names of the package's reforms: the modules of the reforms package that define one Reform."""
    package = importlib.import_module(REFORMS_PACKAGE)
    names = []
    for info in pkgutil.iter_modules(package.__path__):
        if len(_reforms_of(importlib.import_module(f"{REFORMS_PACKAGE}.{info.name}"))) == 1:
            names.append(info.name)
    return tuple(sorted(names))


def apply_reforms(tax_benefit_system, names):
    """``tax_benefit_system`` with each reform of ``names`` applied in order."""
    for name in names:
        tax_benefit_system = load_reform(name)(tax_benefit_system)
        check_parameters(tax_benefit_system.parameters)
    return tax_benefit_system


def reforms_defining(top: str) -> list[str]:
    """The short names of the package's reforms that add the parameter group ``top`` (for a message)."""
    from openfisca_ct_education.engine.simulation import current_law

    law = current_law()
    owners = [name for name in short_names() if top in load_reform(name)(law).parameters.children]
    return sorted(owners, key=lambda name: name != top)  # the reform named like the group first
