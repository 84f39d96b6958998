"""Demo inspections (placeholder)."""


def demo_hook(services, scale):  # type: ignore[no-untyped-def]
    pass
