import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readProviderSpec } from '../provider-specs.js';

/**
 * Validates responses against the providers' official OpenAPI documents (the copies in
 * test/fixtures/provider-specs): the response schema of an operation, compiled with the
 * document's components.
 */

export type SpecName =
  | 'telnyx-phone-numbers'
  | 'signalwire-relay-phone-numbers'
  | 'signalwire-compatibility-phone-numbers'
  | 'twilio-api-v2010-phone-numbers';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }> }>>;
  components: { responses?: Record<string, { content?: Record<string, { schema: unknown }> }> };
}

const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

function newAjv(doc: OpenApiDoc) {
  const options = { strict: false, allErrors: true, validateFormats: true } as const;
  const ajv = doc.openapi.startsWith('3.1') ? new Ajv2020(options) : new Ajv(options);
  addFormats.default(ajv);
  ajv.addFormat('date-time-rfc-2822', RFC_2822);
  // Twilio's phone-number format covers E.164 and the national display form of available numbers.
  ajv.addFormat('phone-number', /^\+?[0-9 ()\-.]{3,32}$/);
  ajv.addFormat('http-method', /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/);
  ajv.addFormat('phone-number-capabilities', /.*/);
  if (!doc.openapi.startsWith('3.1')) {
    // Twilio's document types its page links as uri, but Twilio (and every SDK following them)
    // uses paths relative to the API host: validate them as URI references.
    ajv.addFormat('uri', { type: 'string', validate: (value: string) => /^(https?:\/\/|\/)\S*$/.test(value) });
  }
  return ajv;
}

/**
 * Twilio's document marks some untyped schemas nullable (a DependentPhoneNumber's capabilities),
 * which Ajv refuses to compile. An untyped schema takes null already, so the mark is dropped.
 */
function withoutUntypedNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUntypedNullable);
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = withoutUntypedNullable(value);
  if (copy.nullable !== undefined && copy.type === undefined && copy.$ref === undefined && copy.allOf === undefined) delete copy.nullable;
  return copy;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export class SpecValidator {
  private readonly doc: OpenApiDoc;
  private readonly ajv: Ajv | Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly name: SpecName) {
    this.doc = withoutUntypedNullable(readProviderSpec(`${name}.openapi.json`)) as OpenApiDoc;
    this.ajv = newAjv(this.doc);
    this.ajv.addSchema({ ...this.doc, $id: 'spec' } as object);
  }

  private validator(path: string, method: string, status: number): ValidateFunction {
    const key = `${method} ${path} ${status}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const operation = this.doc.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${this.name}: no operation ${method} ${path}`);
    const response = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`];
    if (!response) throw new Error(`${this.name}: ${method} ${path} documents no ${status} response`);
    let pointer = `spec#/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}`;
    if (response.$ref) pointer = `spec${response.$ref}`;
    const target = response.$ref ? this.doc.components.responses?.[response.$ref.split('/').at(-1)!] : response;
    const mediaType = Object.keys(target?.content ?? {})[0];
    if (!mediaType) throw new Error(`${this.name}: ${method} ${path} ${status} has no body schema`);
    const validate = this.ajv.compile({ $ref: `${pointer}/content/${escape(mediaType)}/schema` });
    this.cache.set(key, validate);
    return validate;
  }

  /** Throws with the schema errors unless body is a valid response of the operation. */
  assert(path: string, method: string, status: number, body: unknown): void {
    const validate = this.validator(path, method, status);
    if (!validate(body)) {
      throw new Error(
        `${this.name} ${method} ${path} ${status}: response does not match the official schema:\n` +
          JSON.stringify(validate.errors?.slice(0, 8), null, 2) +
          `\nbody: ${JSON.stringify(body).slice(0, 1500)}`,
      );
    }
  }

  /** Throws unless body is valid against components.schemas[component]. */
  assertComponent(component: string, body: unknown): void {
    const validate = this.ajv.compile({ $ref: `spec#/components/schemas/${escape(component)}` });
    if (!validate(body)) {
      throw new Error(`${this.name} ${component}: ${JSON.stringify(validate.errors?.slice(0, 8))}\nbody: ${JSON.stringify(body)}`);
    }
  }

  /** Whether the document describes a body for this response (204s do not). */
  documents(path: string, method: string, status: number): boolean {
    const response = this.doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    return Boolean(response?.$ref || response?.content);
  }
}

