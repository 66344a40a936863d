import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBitableTables } from '../../src/adapters/crm/build-sinks.js';
import { loadRolesFile, parseRolesYaml, RolesFileError } from '../../src/adapters/roles/load-roles-file.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ROLES_YAML } from './helpers/crm-harness.js';

describe('ROLES_FILE loader', () => {
  it('resolves managers and associates by channel and user id, manager chats and rosters per store', () => {
    const roles = parseRolesYaml(
      ROLES_YAML.replace('associates: [lark:ou_zhao]', 'associates: [lark:ou_zhao, ou_any_channel]'),
    );
    expect(roles.resolve('lark', 'ou_mgr')).toEqual({ role: 'manager', storeId: 'sh-jingan', name: '张店长' });
    expect(roles.resolve('http', 'web-mgr')).toMatchObject({ role: 'manager', storeId: 'sh-jingan' });
    expect(roles.resolve('wecom', 'ou_mgr')).toEqual({ role: 'associate', storeId: 'sh-jingan' });
    expect(roles.resolve('lark', 'ou_zhao')).toEqual({ role: 'associate', storeId: 'sh-xuhui' });
    expect(roles.resolve('wecom', 'ou_any_channel')).toEqual({ role: 'associate', storeId: 'sh-xuhui' });
    expect(roles.resolve('lark', 'stranger')).toEqual({ role: 'associate', storeId: 'sh-jingan' });
    expect(roles.managerTargets('sh-xuhui')).toEqual([{ channel: 'lark', chatId: 'oc_mgr_xuhui' }]);
    expect(roles.managerTargets('nope')).toEqual([]);
    expect(roles.roster('sh-jingan', 'lark')).toEqual(['ou_wang', 'ou_li']);
    expect(roles.stores?.()).toEqual([
      { id: 'sh-jingan', name: '静安店' },
      { id: 'sh-xuhui', name: '徐汇店' },
    ]);
  });

  it('rejects a bad file with a message naming the file and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roles-'));
    const bad = join(dir, 'roles.yaml');
    writeFileSync(bad, 'stores:\n  s1:\n    manager_chats: [oc_123]\n');
    expect(() => loadRolesFile(bad)).toThrow(RolesFileError);
    expect(() => loadRolesFile(bad)).toThrow(/roles\.yaml: stores\.s1\.manager_chats\.0: must be "<channel>:<chatId>"/);
    expect(() => loadRolesFile(join(dir, 'missing.yaml'))).toThrow(/cannot be read \(ENOENT\)/);
    expect(() => parseRolesYaml('default_store: x\nstores:\n  a: {}\n')).toThrow(
      /default_store must name one of the stores/,
    );
    expect(() => parseRolesYaml('stores: [')).toThrow(/not valid YAML/);
    try {
      parseRolesYaml('stores: {}');
    } catch (err) {
      expect((err as RolesFileError).code).toBe('ROLES_FILE_INVALID');
    }
  });
});

describe('CRM configuration', () => {
  it('validates CRM_BITABLE_TABLES as kind=tableId pairs and the variables that go with it', () => {
    const base = { CRM_BITABLE_APP_TOKEN: 'bascn123', LARK_APP_ID: 'cli_1', LARK_APP_SECRET: 's' };
    const ok = loadConfig({ ...base, CRM_BITABLE_TABLES: 'interactions=tblA1, tickets=tblB2' });
    expect(parseBitableTables(ok.CRM_BITABLE_TABLES ?? '')).toEqual({ interactions: 'tblA1', tickets: 'tblB2' });
    expect(() => loadConfig({ ...base, CRM_BITABLE_TABLES: 'interactions:tblA1' })).toThrow(
      /CRM_BITABLE_TABLES.*kind.*tableId/,
    );
    expect(() => loadConfig({ ...base, CRM_BITABLE_TABLES: 'orders=tblA1' })).toThrow(ConfigError);
    expect(() => loadConfig({ CRM_BITABLE_APP_TOKEN: 'bascn123', CRM_BITABLE_TABLES: 'tickets=tblB2' })).toThrow(
      /LARK_APP_ID/,
    );
    expect(() => loadConfig({ ...base })).toThrow(/CRM_BITABLE_TABLES \(unset\)/);
    expect(() => loadConfig({ CRM_WEBHOOK_URL: 'https://crm.example.com/hook' })).toThrow(/CRM_WEBHOOK_SECRET/);
    expect(loadConfig({}).CRM_BITABLE_TABLES).toBeUndefined();
  });
});
