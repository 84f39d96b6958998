"""Package layout that pyproject.toml alone cannot say: top-level resources/ ships inside the
package as ``wuye_desktop.resources`` (found by importlib.resources in any install)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("src"), "wuye_desktop.resources"],
    package_dir={"": "src", "wuye_desktop.resources": "resources"},
)
