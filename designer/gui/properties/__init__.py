"""The property panel: editors generated from the catalog for the selected step."""
