import Testing

@Test func placeholder_MigrateTests() {}
