"""Real OCPP peers (the Python `ocpp` library over `websockets`) scripted to produce frame logs with known KPIs."""
