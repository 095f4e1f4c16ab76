// Gates
