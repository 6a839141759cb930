"""Writers: the built-in offline writer and OpenAI-compatible chat-completions models."""
