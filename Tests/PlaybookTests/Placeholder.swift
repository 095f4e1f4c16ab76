import Testing

@Test func placeholder_PlaybookTests() {}
