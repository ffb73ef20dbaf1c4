import { errors } from '../errors/catalogue.js';

/** Where an inbound call goes. Provider surfaces map their handler fields onto this. */
export const VOICE_HANDLERS = [
  'none',
  'webhook',
  'application',
  'sip_endpoint',
  'agent',
  'relay_context',
  'relay_topic',
  'relay_script',
  'relay_application',
  'relay_connector',
  'relay_verto_endpoint',
  'dialogflow',
  'video_room',
  'call_flow',
  'ai_agent',
] as const;
export type VoiceHandler = (typeof VOICE_HANDLERS)[number];

export const MESSAGING_HANDLERS = [
  'none',
  'webhook',
  'application',
  'messaging_profile',
  'relay_context',
  'relay_topic',
  'relay_application',
] as const;
export type MessagingHandler = (typeof MESSAGING_HANDLERS)[number];

export type HttpMethod = 'GET' | 'POST';

interface WebhookSettings {
  url?: string | null;
  method?: HttpMethod;
  fallback_url?: string | null;
  fallback_method?: HttpMethod;
  status_callback_url?: string | null;
  status_callback_method?: HttpMethod;
  /** The application, endpoint, context, topic or agent the handler hands over to. */
  target?: string | null;
}

export interface VoiceRouting extends WebhookSettings {
  handler: VoiceHandler;
  receive_mode?: 'voice' | 'fax';
  caller_id_lookup?: boolean;
}

export interface MessagingRouting extends WebhookSettings {
  handler: MessagingHandler;
}

/** A routing setting must say where to go: a webhook needs its URL, any other handler its target. */
export function assertRoutingComplete(kind: 'voice' | 'messaging', routing: VoiceRouting | MessagingRouting): void {
  if (routing.handler === 'none') return;
  if (routing.handler === 'webhook') {
    if (!routing.url) {
      throw errors.validation(`${kind}.url is required when the ${kind} handler is webhook.`, { pointer: `/${kind}/url` });
    }
    return;
  }
  if (!routing.target) {
    throw errors.validation(`${kind}.target is required when the ${kind} handler is ${routing.handler}.`, {
      pointer: `/${kind}/target`,
    });
  }
}

/** The longest callback URL kept: what every surface's schema allows. */
export const CALLBACK_URL_MAX_LENGTH = 2000;

/** The characters RFC 3986 allows in a URI (percent-escapes checked apart). */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** An absolute http or https URL, as every surface's schema reads a callback (Twilio's format: uri). */
export function isCallbackUrl(value: string): boolean {
  if (value.length > CALLBACK_URL_MAX_LENGTH || !URI_CHARACTERS.test(value) || /%(?![0-9A-Fa-f]{2})/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const CALLBACK_FIELDS = ['url', 'fallback_url', 'status_callback_url'] as const;

/**
 * Every callback URL of a routing setting is an absolute http or https URL, whichever surface
 * sets it: a value one surface stores, every other surface renders within its own schema.
 */
export function assertCallbackUrls(kind: 'voice' | 'messaging', routing: VoiceRouting | MessagingRouting): void {
  for (const field of CALLBACK_FIELDS) {
    const value = routing[field];
    if (value === undefined || value === null) continue;
    if (!isCallbackUrl(value)) {
      throw errors.validation(`${kind}.${field} must be an absolute http or https URL of at most ${CALLBACK_URL_MAX_LENGTH} characters.`, {
        pointer: `/${kind}/${field}`,
      });
    }
  }
}
