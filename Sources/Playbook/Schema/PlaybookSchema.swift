/// The playbook language as a JSON Schema (draft 2020-12), printed by `migrate schema`.
///
/// It lets editors with a YAML language server complete and check playbooks as they are typed
/// (`# yaml-language-server: $schema=...`). It is a first line of defence only: references between
/// parts, impossible gates and widening scopes are checked by ``PlaybookLoader``, which is authoritative.
public enum PlaybookSchema {
    /// The schema as JSON text.
    public static let json: String = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://migrate.invalid/schema/playbook-v1.json",
  "title": "migrate playbook",
  "description": "How a cohort of EV chargers moves from one CSMS (`from`) to another (`to`): phases, the gates that must pass to leave each, and the plans that run on pause and rollback. Printed by `migrate schema`; `migrate validate` checks more (references, impossible gates, widening scopes).",
  "type": "object",
  "additionalProperties": false,
  "required": [
    "playbook",
    "version",
    "backends",
    "from",
    "to",
    "phases",
    "plans"
  ],
  "properties": {
    "playbook": {
      "type": "string",
      "pattern": "^[a-z0-9][a-z0-9-]{0,63}$",
      "description": "The playbook's identifier: lowercase letters, digits and '-', e.g. csms-cutover."
    },
    "version": {
      "const": 1,
      "description": "The language version; only 1 exists."
    },
    "description": {
      "$ref": "#/$defs/text",
      "description": "Free text for the people who read the playbook."
    },
    "backends": {
      "type": "object",
      "description": "Where a charger's OCPP connection can be routed: name → ws:// or wss:// endpoint. At least two.",
      "minProperties": 2,
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "type": "string",
        "pattern": "^[Ww][Ss][Ss]?://[^\\s/]+",
        "description": "The backend's OCPP endpoint, ws:// or wss://."
      }
    },
    "from": {
      "$ref": "#/$defs/name",
      "description": "The backend chargers are on when a cohort starts; rollback returns them here. Must be a key of `backends`, different from `to`.",
      "minLength": 1
    },
    "to": {
      "$ref": "#/$defs/name",
      "description": "The backend the phases move chargers to. Must be a key of `backends`.",
      "minLength": 1
    },
    "alerts": {
      "type": "array",
      "description": "Where `migrate serve` sends alerts about this playbook's cohorts: gate results that change, plan steps that fail, manual steps waiting, rollbacks started.",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "webhook"
        ],
        "properties": {
          "webhook": {
            "type": "string",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+",
            "description": "The receiver: a Slack-compatible body (`text`, `attachments`) with the facts as plain keys too."
          },
          "secret_env": {
            "type": "string",
            "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
            "description": "The environment variable holding the secret that signs each alert (X-Migrate-Signature)."
          }
        }
      }
    },
    "prometheus": {
      "type": "object",
      "description": "Where `prometheus:` metrics are queried. Required when any metric is a Prometheus query.",
      "additionalProperties": false,
      "required": [
        "url"
      ],
      "properties": {
        "url": {
          "type": "string",
          "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+",
          "description": "The Prometheus server, e.g. http://127.0.0.1:9090."
        }
      }
    },
    "metrics": {
      "type": "object",
      "description": "Named metrics that gates refer to: name → exactly one form. A metric no gate uses draws a warning.",
      "propertyNames": {
        "$ref": "#/$defs/name"
      },
      "additionalProperties": {
        "$ref": "#/$defs/metric"
      }
    },
    "phases": {
      "type": "array",
      "minItems": 1,
      "description": "The phases a cohort moves through, in order; names unique.",
      "items": {
        "$ref": "#/$defs/phase"
      }
    },
    "plans": {
      "type": "object",
      "description": "Plans run on pause and rollback. `rollback` is required: a migration without a way back is refused.",
      "additionalProperties": false,
      "required": [
        "rollback"
      ],
      "properties": {
        "pause": {
          "$ref": "#/$defs/steps",
          "description": "Steps run when a cohort is paused."
        },
        "rollback": {
          "$ref": "#/$defs/steps",
          "minItems": 1,
          "description": "Steps run on rollback, e.g. `- route: legacy`. At least one."
        }
      }
    }
  },
  "$defs": {
    "duration": {
      "type": "string",
      "pattern": "\#(SchemaPatterns.duration(longest: ValueLimits.longestDuration, positive: false))",
      "description": "A whole number and a unit: s, m, h, d or w (90m, 14d, 2w); at most \#(ValueLimits.longestDuration)."
    },
    "positiveDuration": {
      "type": "string",
      "pattern": "\#(SchemaPatterns.duration(longest: ValueLimits.longestDuration, positive: true))",
      "description": "A duration longer than zero: a whole number and a unit s, m, h, d or w (30s, 90m, 7d); at most \#(ValueLimits.longestDuration)."
    },
    "timeout": {
      "type": "string",
      "pattern": "\#(SchemaPatterns.duration(longest: ValueLimits.longestTimeout, positive: true))",
      "description": "A timeout longer than zero, at most \#(ValueLimits.longestTimeout): a whole number and a unit s, m, h, d or w (10s, 5m)."
    },
    "name": {
      "type": "string",
      "minLength": 1,
      "maxLength": \#(ValueLimits.longestName),
      "pattern": "\#(SchemaPatterns.name)",
      "description": "A name: one line of printable text (no control characters, line breaks or bidirectional overrides), at most \#(ValueLimits.longestName) characters."
    },
    "text": {
      "type": "string",
      "maxLength": \#(ValueLimits.longestText),
      "pattern": "\#(SchemaPatterns.text)",
      "description": "Free text: no control characters other than tab and line feed, at most \#(ValueLimits.longestText) characters."
    },
    "percentage": {
      "type": "string",
      "pattern": "^(100(\\.0+)?|[0-9]{1,2}(\\.[0-9]+)?)%$",
      "description": "A percentage between 0% and 100%, e.g. 25% or 12.5%."
    },
    "metric": {
      "type": "object",
      "description": "Exactly one form.",
      "minProperties": 1,
      "maxProperties": 1,
      "additionalProperties": false,
      "properties": {
        "ratio": {
          "type": "array",
          "description": "[numerator, denominator]: sum of the first sample name ÷ sum of the second; samples = sum of the denominator.",
          "items": {
            "$ref": "#/$defs/name",
            "minLength": 1
          },
          "minItems": 2,
          "maxItems": 2
        },
        "per_charger_day": {
          "$ref": "#/$defs/name",
          "description": "A sample name: its sum ÷ (chargers × days in the window)."
        },
        "sum": {
          "$ref": "#/$defs/name",
          "description": "A sample name: the sum of its values."
        },
        "mean": {
          "$ref": "#/$defs/name",
          "description": "A sample name: the mean of its values."
        },
        "prometheus": {
          "type": "string",
          "description": "A PromQL instant query; {{chargers}}, {{window}} and {{cohort}} are filled in. Needs the top-level `prometheus` url.",
          "minLength": 1
        }
      }
    },
    "scope": {
      "description": "Which of the cohort's chargers are routed to `to` in this phase: `all`, or attribute → value(s), optionally with `share: N%`. Scopes only widen from phase to phase.",
      "oneOf": [
        {
          "const": "all"
        },
        {
          "type": "object",
          "minProperties": 1,
          "properties": {
            "share": {
              "$ref": "#/$defs/percentage",
              "description": "The share of the (matching) chargers on `to`, taken model by model in a stable order."
            }
          },
          "additionalProperties": {
            "description": "Allowed values of this fleet attribute (site, model, region, ...).",
            "oneOf": [
              {
                "type": "string",
                "minLength": 1
              },
              {
                "type": "array",
                "items": {
                  "type": "string",
                  "minLength": 1
                },
                "minItems": 1,
                "uniqueItems": true
              }
            ]
          }
        }
      ]
    },
    "phase": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "name"
      ],
      "properties": {
        "name": {
          "$ref": "#/$defs/name",
          "description": "Unique within the playbook."
        },
        "scope": {
          "$ref": "#/$defs/scope"
        },
        "soak": {
          "$ref": "#/$defs/duration",
          "description": "Least time in the phase before it may be left."
        },
        "gates": {
          "type": "array",
          "description": "All must pass before the cohort may leave the phase.",
          "items": {
            "$ref": "#/$defs/gate"
          }
        },
        "on_fail": {
          "enum": [
            "hold",
            "pause",
            "rollback"
          ],
          "description": "What an evaluation does when a gate fails: hold (default, only block), pause or rollback."
        },
        "promote": {
          "enum": [
            "manual",
            "auto"
          ],
          "description": "manual (default) or auto: whether an evaluation advances the cohort once every gate passes."
        },
        "on_enter": {
          "$ref": "#/$defs/steps",
          "description": "Steps run when the cohort enters the phase."
        },
        "preflight": {
          "$ref": "#/$defs/preflight"
        }
      }
    },
    "gate": {
      "description": "An exit criterion: a metric gate, or one of issues, approvals, coverage, calendar, after, check.",
      "oneOf": [
        {
          "$ref": "#/$defs/metricGate"
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "issues"
          ],
          "properties": {
            "issues": {
              "type": "object",
              "additionalProperties": false,
              "description": "At most max_open open issue records match.",
              "properties": {
                "severity": {
                  "description": "Severities that count (critical, high, medium, low); absent: all.",
                  "oneOf": [
                    {
                      "type": "string",
                      "enum": [
                        "critical",
                        "high",
                        "medium",
                        "low"
                      ]
                    },
                    {
                      "type": "array",
                      "items": {
                        "type": "string",
                        "enum": [
                          "critical",
                          "high",
                          "medium",
                          "low"
                        ]
                      },
                      "uniqueItems": true
                    }
                  ]
                },
                "scope": {
                  "enum": [
                    "pilot-specific",
                    "fleet-wide"
                  ],
                  "description": "Only issues of this scope count; absent: any."
                },
                "max_open": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": \#(ValueLimits.largestCount),
                  "description": "Most open matching issues allowed (default 0)."
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "approvals"
          ],
          "properties": {
            "approvals": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "roles"
              ],
              "description": "Approvals recorded in this phase by distinct people.",
              "properties": {
                "roles": {
                  "description": "Roles whose approval counts, e.g. [operations, support, finance].",
                  "oneOf": [
                    {
                      "$ref": "#/$defs/name"
                    },
                    {
                      "type": "array",
                      "items": {
                        "$ref": "#/$defs/name"
                      },
                      "minItems": 1,
                      "uniqueItems": true
                    }
                  ]
                },
                "min": {
                  "type": "integer",
                  "minimum": 1,
                  "description": "How many of the roles must approve (default: all); at most the number of roles."
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "coverage"
          ],
          "properties": {
            "coverage": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "by"
              ],
              "description": "Every value of the attribute among the cohort's chargers has at least min_each chargers on `to`.",
              "properties": {
                "by": {
                  "$ref": "#/$defs/name",
                  "description": "A fleet attribute, e.g. model."
                },
                "min_each": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": \#(ValueLimits.largestCount),
                  "description": "Least chargers on `to` per value (default 1)."
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "calendar"
          ],
          "properties": {
            "calendar": {
              "type": "object",
              "additionalProperties": false,
              "description": "Now falls inside the window; outside, the gate is pending.",
              "properties": {
                "days": {
                  "description": "Weekdays the window is open (default: every day).",
                  "oneOf": [
                    {
                      "enum": [
                        "mon",
                        "tue",
                        "wed",
                        "thu",
                        "fri",
                        "sat",
                        "sun",
                        "monday",
                        "tuesday",
                        "wednesday",
                        "thursday",
                        "friday",
                        "saturday",
                        "sunday"
                      ]
                    },
                    {
                      "type": "array",
                      "items": {
                        "enum": [
                          "mon",
                          "tue",
                          "wed",
                          "thu",
                          "fri",
                          "sat",
                          "sun",
                          "monday",
                          "tuesday",
                          "wednesday",
                          "thursday",
                          "friday",
                          "saturday",
                          "sunday"
                        ]
                      },
                      "minItems": 1,
                      "uniqueItems": true
                    }
                  ]
                },
                "hours": {
                  "type": "string",
                  "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$",
                  "description": "HH:MM-HH:MM, start inclusive, end exclusive, start before end."
                },
                "timezone": {
                  "type": "string",
                  "description": "An IANA time zone such as Europe/Berlin (default UTC).",
                  "minLength": 1
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "after"
          ],
          "properties": {
            "after": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "cohort"
              ],
              "description": "Another cohort has reached a phase, or completed.",
              "oneOf": [
                {
                  "required": [
                    "phase"
                  ],
                  "not": {
                    "required": [
                      "completed"
                    ]
                  }
                },
                {
                  "required": [
                    "completed"
                  ],
                  "not": {
                    "required": [
                      "phase"
                    ]
                  }
                }
              ],
              "properties": {
                "cohort": {
                  "$ref": "#/$defs/name",
                  "description": "The other cohort's name."
                },
                "phase": {
                  "type": "string",
                  "description": "A phase of that cohort's playbook.",
                  "minLength": 1
                },
                "completed": {
                  "const": true,
                  "description": "The other cohort has completed."
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "check"
          ],
          "properties": {
            "check": {
              "$ref": "#/$defs/check"
            }
          }
        }
      ]
    },
    "metricGate": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "metric"
      ],
      "description": "The metric over the cohort's chargers on `to`, in the window, meets the threshold. Exactly one of at_least / at_most. With by, each segment is judged on its own.",
      "oneOf": [
        {
          "required": [
            "at_least"
          ],
          "not": {
            "required": [
              "at_most"
            ]
          }
        },
        {
          "required": [
            "at_most"
          ],
          "not": {
            "required": [
              "at_least"
            ]
          }
        }
      ],
      "dependentRequired": {
        "max_drop": [
          "compare_to"
        ]
      },
      "properties": {
        "metric": {
          "type": "string",
          "description": "A name under `metrics`.",
          "minLength": 1
        },
        "at_least": {
          "type": "number",
          "minimum": -1e15,
          "maximum": 1e15,
          "description": "Passes when the value is at least this (a ratio is between 0 and 1)."
        },
        "at_most": {
          "type": "number",
          "minimum": -1e15,
          "maximum": 1e15,
          "description": "Passes when the value is at most this."
        },
        "window": {
          "$ref": "#/$defs/positiveDuration",
          "description": "Trailing window; never before the phase was entered. Absent: since the phase was entered."
        },
        "min_samples": {
          "type": "integer",
          "minimum": 1,
          "maximum": \#(ValueLimits.largestCount),
          "description": "Fewer samples → pending."
        },
        "compare_to": {
          "$ref": "#/$defs/name",
          "description": "A backend whose fleet-wide chargers are the control group.",
          "minLength": 1
        },
        "max_drop": {
          "type": "number",
          "minimum": 0,
          "maximum": 1e15,
          "description": "How much worse than the control group the cohort may be; needs compare_to."
        },
        "by": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100,
          "description": "A fleet attribute (model, firmware, vendor, site, ...): each of its values among the group on `to` is judged as a segment of its own (min_samples per segment); the gate fails when any segment fails."
        },
        "on_fail": {
          "enum": [
            "hold",
            "pause",
            "rollback",
            "quarantine"
          ],
          "description": "What an evaluation does when this gate fails; default: the phase's on_fail. quarantine (needs by): the chargers of the failing segments go back to `from` and out of every later scope; the rest of the cohort carries on."
        }
      },
      "if": {
        "required": [
          "on_fail"
        ],
        "properties": {
          "on_fail": {
            "const": "quarantine"
          }
        }
      },
      "then": {
        "required": [
          "by"
        ]
      }
    },
    "steps": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/step"
      }
    },
    "step": {
      "description": "One plan step: route, webhook, run, manual or wait.",
      "oneOf": [
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "route"
          ],
          "properties": {
            "route": {
              "$ref": "#/$defs/name",
              "description": "Route every charger of the cohort to this backend."
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "webhook"
          ],
          "properties": {
            "webhook": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "url"
              ],
              "description": "An HTTP request with a JSON body.",
              "properties": {
                "url": {
                  "type": "string",
                  "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+",
                  "description": "http:// or https:// URL; templates such as {{cohort}} are filled in."
                },
                "method": {
                  "enum": [
                    "GET",
                    "POST",
                    "PUT",
                    "PATCH",
                    "DELETE",
                    "get",
                    "post",
                    "put",
                    "patch",
                    "delete"
                  ],
                  "description": "Default POST."
                },
                "headers": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  },
                  "description": "Header name → value (templates allowed)."
                },
                "body": {
                  "description": "Any JSON value; default: a body describing the event."
                },
                "timeout": {
                  "$ref": "#/$defs/timeout",
                  "description": "Default 10s."
                },
                "retries": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 100,
                  "description": "Default 3."
                },
                "secret_env": {
                  "type": "string",
                  "pattern": "^[A-Za-z_][A-Za-z0-9_]*$",
                  "description": "Environment variable holding the HMAC-SHA256 signing key."
                }
              }
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "run"
          ],
          "properties": {
            "run": {
              "description": "A program run without a shell: [program, arg, ...] or {command: [...], timeout: D}.",
              "oneOf": [
                {
                  "$ref": "#/$defs/command"
                },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": [
                    "command"
                  ],
                  "properties": {
                    "command": {
                      "$ref": "#/$defs/command"
                    },
                    "timeout": {
                      "$ref": "#/$defs/timeout",
                      "description": "Default 300s."
                    }
                  }
                }
              ]
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "manual"
          ],
          "properties": {
            "manual": {
              "$ref": "#/$defs/text",
              "description": "What a person must do; the plan waits for `migrate confirm`.",
              "minLength": 1
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "wait"
          ],
          "properties": {
            "wait": {
              "$ref": "#/$defs/positiveDuration",
              "description": "Waits this long."
            }
          }
        }
      ]
    },
    "command": {
      "type": "array",
      "minItems": 1,
      "items": {
        "type": "string",
        "minLength": 1
      },
      "description": "[program, arg, ...]"
    },
    "checkTimeout": {
      "type": "string",
      "pattern": "^0*[1-9][0-9]*[smhdw]$",
      "description": "How long the check may take: more than zero, at most 10m."
    },
    "check": {
      "description": "An external check: an HTTP request (pass: the expected status and JSON values; fail: any other answer; pending: unreachable or timed out) or a program run without a shell (exit 0 pass, 1 fail, anything else or a timeout pending). Templates as in plan steps, plus {{chargers}}.",
      "oneOf": [
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "http"
          ],
          "properties": {
            "http": {
              "type": "string",
              "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+",
              "description": "http:// or https:// URL; templates such as {{cohort}} and {{chargers}} are filled in and escaped."
            },
            "method": {
              "enum": [
                "GET",
                "HEAD",
                "POST",
                "get",
                "head",
                "post"
              ],
              "description": "Default GET; no body is sent."
            },
            "headers": {
              "type": "object",
              "additionalProperties": {
                "type": "string"
              },
              "description": "Header name → value (templates allowed)."
            },
            "expect_status": {
              "type": "integer",
              "minimum": 100,
              "maximum": 599,
              "description": "The status the answer must have; default 200."
            },
            "expect_json": {
              "type": "object",
              "minProperties": 1,
              "description": "Top-level keys or dotted paths (a.b, items.0.id) of the JSON body → the values they must have."
            },
            "timeout": {
              "$ref": "#/$defs/checkTimeout",
              "description": "Default 10s, at most 10m."
            }
          }
        },
        {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "run"
          ],
          "properties": {
            "run": {
              "$ref": "#/$defs/command",
              "description": "[program, arg, ...], without a shell; exit 0 pass, 1 fail, anything else pending."
            },
            "timeout": {
              "$ref": "#/$defs/checkTimeout",
              "description": "Default 60s, at most 10m."
            }
          }
        }
      ]
    },
    "preflight": {
      "type": "object",
      "additionalProperties": false,
      "required": [
        "lookback"
      ],
      "description": "Checked per charger, on its own samples on `from` over lookback, before a scope routes it to `to`: a charger that fails (or was not seen within seen_within) stays on `from`, flagged unhealthy; a share takes a healthy charger instead.",
      "anyOf": [
        {
          "required": [
            "seen_within"
          ]
        },
        {
          "required": [
            "metrics"
          ],
          "properties": {
            "metrics": {
              "minItems": 1
            }
          }
        }
      ],
      "properties": {
        "lookback": {
          "$ref": "#/$defs/positiveDuration",
          "description": "How far back each charger's own samples are read; at most 366d."
        },
        "seen_within": {
          "$ref": "#/$defs/positiveDuration",
          "description": "At least one sample of any metric this recently; at most 366d."
        },
        "metrics": {
          "type": "array",
          "description": "Per-charger criteria on metrics of `metrics` (not Prometheus ones).",
          "items": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "metric"
            ],
            "oneOf": [
              {
                "required": [
                  "at_least"
                ],
                "not": {
                  "required": [
                    "at_most"
                  ]
                }
              },
              {
                "required": [
                  "at_most"
                ],
                "not": {
                  "required": [
                    "at_least"
                  ]
                }
              }
            ],
            "properties": {
              "metric": {
                "type": "string",
                "minLength": 1,
                "description": "A name under `metrics`."
              },
              "at_least": {
                "type": "number"
              },
              "at_most": {
                "type": "number"
              }
            }
          }
        }
      }
    }
  }
}
"""#
}
