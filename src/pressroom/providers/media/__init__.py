"""Media generators: one Protocol per kind (images, video clips, speech), the router that picks
one by style, budget tier and availability with the local renderer as the fallback, and the
external providers (Replicate)."""
