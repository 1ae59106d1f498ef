/**
 * A self-signed certificate for 127.0.0.1, for tests that need a real TLS connection (what the app
 * sees when it is served over HTTPS directly). Made for the tests only and trusted by nothing
 * else: it protects no data, so its key is not a secret.
 */
export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRaNZku7pyYqDK8v9
UaS+0RjvW3jEeUpBGhnX0v+d5VOhRANCAATMfQbM8nXqaqH+n3woGin2uVY1jq87
Z4G1VfZcCbli9whJMdO0BdcTtWNXA7hx/zgw//Iqn4ltRBPpE9eZCZK8
-----END PRIVATE KEY-----
`;

export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUZkmnV6bA+3m8cZ2/CEL+uppo9x0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMTEwMzMzN1oYDzIxMjYxMTA3
MTAzMzM3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATMfQbM8nXqaqH+n3woGin2uVY1jq87Z4G1VfZcCbli9whJMdO0BdcT
tWNXA7hx/zgw//Iqn4ltRBPpE9eZCZK8o2QwYjAdBgNVHQ4EFgQUPvbgu+hVyL74
QfIsszPT1oFZjYAwHwYDVR0jBBgwFoAUPvbgu+hVyL74QfIsszPT1oFZjYAwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQD76ugzw6lcF/YqPtfBjlEnNxDVsDgiaGtESlLFkRm3zAIhAN6NIjZdlv6VQNaS
qVM4HDpXyfTCmE7PiRZcAmI3ASYl
-----END CERTIFICATE-----
`;
