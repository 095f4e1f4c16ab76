import Testing

@Test func placeholder_GatesTests() {}
