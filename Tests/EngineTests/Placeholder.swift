import Testing

@Test func placeholder_EngineTests() {}
