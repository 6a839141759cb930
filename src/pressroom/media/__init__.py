"""The production house (SPEC §3.6): cover images, carousel slides and vertical videos in the
brand's look, rendered offline (Pillow + ffmpeg + an offline voice) or by external
generators behind a router; every file is stored content-addressed and registered as an
asset only once it is complete and validated."""
