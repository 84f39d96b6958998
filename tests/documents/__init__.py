"""Tests of the 文书 feature: print service, CLI and screen."""
