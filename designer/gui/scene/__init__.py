"""The canvas scene: node cards, links and notes drawn from the flow model."""
