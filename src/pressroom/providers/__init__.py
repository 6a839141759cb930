"""Provider kinds behind one Protocol each (LLM writers, …), discovered through plugins."""
