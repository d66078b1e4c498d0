/** Recovery strings: start-up check findings, the recovery screen, disk-full / read-only errors, diagnostics. */
export const recovery = {
  'zh-CN': {
    recovery: {
      problems: {
        empty: '数据库文件大小为 0，内容已丢失',
        notSqlite: '数据库文件头已损坏，不再是可识别的数据库文件',
        pageSize: '数据库文件头中的页大小无效（{{pageSize}}）',
        truncated: '数据库文件不完整（只有 {{bytes}} 字节），可能在写入时被截断',
        integrity: '完整性检查发现问题：{{detail}}',
        schemaVersion: '数据版本号无效（{{version}}）',
        schemaMissing: '缺少必需的数据表：{{tables}}',
        unreadable: '无法读取数据库（{{reason}}）',
      },
      errors: {
        damaged:
          '工作区数据库已损坏，为保护数据已停止读写。请在恢复页面选择：从备份恢复、只读打开或导出可读数据',
        readOnly: '工作区正以只读方式打开（数据库已损坏），不能做任何修改。请先从备份恢复',
        readOnlyFolder:
          '无法写入：文件夹只读或没有写入权限（{{path}}，{{reason}}）。操作已取消，工作区保持原样',
        diskFull:
          '磁盘空间不足，无法写入（{{path}}，{{reason}}）。操作已取消，工作区保持原样，请清理空间后重试',
        cannotReadOnly: '损坏的数据库连只读方式也无法打开（{{reason}}），请从备份恢复或导出可读数据',
        notDamaged: '工作区完好，无需恢复；如需回到某个备份，请在“备份”页面操作',
        noVault: '没有找到可用的备份库。请连接存放备份的磁盘，或填写备份库所在的文件夹',
        noGoodSnapshot: '该备份库中没有能完整恢复并通过检查的快照',
        nothingReadable: '损坏的数据库中没有可以读出的数据表',
        targetNotEmpty: '导出目标文件夹不是空的：{{path}}。请选择一个新的空文件夹',
        targetIsFolder: '{{path}} 是一个文件夹，不能保存为文件。请选择文件夹中的一个文件名',
        corruptData: '这部分数据所在的数据库页已损坏，无法读取（{{reason}}）',
        damagedCli:
          '工作区数据库已损坏（发现 {{problems}} 处问题）。请运行 doctor 查看详情，或在应用中从备份恢复；此命令不会打开损坏的数据库',
      },
      screen: {
        title: '工作区数据库已损坏',
        subtitle: '启动检查发现数据库有问题。为避免损坏扩大，程序没有写入任何内容。请选择下一步：',
        problemsTitle: '检查结果',
        path: '工作区位置',
        restoreTitle: '从最近的备份恢复（推荐）',
        restoreHint:
          '从备份库中取出最新一个通过校验的快照，恢复到新文件夹并检查无误后再切换过去。损坏的数据库会移到工作区的 damaged-… 文件夹中保留，不会删除。',
        vault: '备份库',
        vaultUnavailable: '（当前不可用）',
        vaultOther: '其他文件夹…',
        vaultPath: '备份库文件夹',
        vaultPathPlaceholder: '例如 /media/备份盘/群管备份',
        noVaults: '损坏的数据库中没有读到已登记的备份库，请填写备份库所在的文件夹。',
        lastVerified: '最近校验通过：{{at}}',
        neverVerified: '尚未记录校验',
        passphrase: '备份密码（加密的备份库需要）',
        restore: '恢复并切换',
        restoring: '正在恢复，请勿关闭程序…',
        restored:
          '已从快照 {{snapshot}} 恢复：{{messages}} 条消息、{{members}} 名成员。损坏的数据库已保存在 {{path}}',
        readOnlyTitle: '只读打开',
        readOnlyHint: '查看损坏数据库中还能读出的内容，不做任何修改。所有修改操作都会被拒绝。',
        readOnly: '只读打开',
        unreadable: '数据库已无法读取，不能只读打开',
        exportTitle: '导出可读数据',
        exportHint: '把每张还能读出的数据表导出为 CSV 文件（附汇总 JSON），放到一个新文件夹中。',
        exportPath: '导出到（留空则放在工作区旁边的新文件夹）',
        export: '导出可读数据',
        exported: '已导出 {{tables}} 张表、{{rows}} 行到 {{path}}',
        exportedPartial: '其中 {{count}} 张表只读出了一部分',
        diagnostics: '导出诊断包',
      },
      banner: {
        readOnly: '只读模式：工作区数据库已损坏，当前只能查看，所有修改都会被拒绝。',
        backToRecovery: '返回恢复页面',
      },
    },
    diagnostics: {
      title: '诊断信息',
      hint: '把日志、版本号、数据版本、各表行数和体检结果打包成 zip，便于发给技术支持。不含成员姓名、微信号、手机号或聊天内容。',
      export: '导出诊断包',
      written: '诊断包已保存：{{path}}',
    },
    doctor: {
      startupDamaged: '启动检查发现数据库已损坏（{{problems}} 处问题），数据库未被打开写入',
      readOnlyMode: '工作区当前以只读方式打开',
      backupNone: '还没有成功的备份',
      backupAge: '最近一次成功备份在 {{hours}} 小时前',
      backupStale: '最近一次成功备份已是 {{hours}} 小时前，超过了 {{limit}} 小时的提醒线',
      verifyOk: '最近的备份快照已校验通过',
      verifyFailed: '最近一次备份校验发现问题（缺失 {{missing}}，损坏 {{damaged}}）',
      verifyNone: '最近的备份快照还没有校验记录',
      jobsRunning: '有 {{count}} 个任务正在运行',
    },
    cli: {
      diagnostics: '导出诊断包（日志、版本、数据版本、表行数、体检结果；不含个人信息）',
      diagnosticsWritten: '诊断包已保存：{{path}}（{{entries}} 个文件）',
    },
  },
  en: {
    recovery: {
      problems: {
        empty: 'The database file is 0 bytes: its content is lost',
        notSqlite: 'The database file header is damaged; it is no longer a recognisable database file',
        pageSize: 'The page size in the database header is invalid ({{pageSize}})',
        truncated:
          'The database file is incomplete (only {{bytes}} bytes); it may have been cut off while writing',
        integrity: 'The integrity check found a problem: {{detail}}',
        schemaVersion: 'The data version number is invalid ({{version}})',
        schemaMissing: 'Required tables are missing: {{tables}}',
        unreadable: 'The database cannot be read ({{reason}})',
      },
      errors: {
        damaged:
          'The workspace database is damaged; reading and writing stopped to protect the data. On the recovery screen, restore a backup, open it read-only or export what can be read.',
        readOnly:
          'The workspace is open read-only (its database is damaged); nothing can be changed. Restore a backup first.',
        readOnlyFolder:
          'Cannot write: the folder is read-only or not writable ({{path}}, {{reason}}). Nothing was changed; the workspace is as it was.',
        diskFull:
          'The disk is full ({{path}}, {{reason}}). Nothing was changed; the workspace is as it was. Free some space and try again.',
        cannotReadOnly:
          'The damaged database cannot be opened even read-only ({{reason}}). Restore a backup or export what can be read.',
        notDamaged: 'The workspace is fine; nothing to recover. To go back to a backup, use the Backup page.',
        noVault:
          'No usable backup vault was found. Connect the disk holding your backups, or enter the vault folder.',
        noGoodSnapshot: 'No snapshot in this vault could be restored completely and pass the checks',
        nothingReadable: 'No table of the damaged database can be read',
        targetNotEmpty: 'The export folder is not empty: {{path}}. Choose a new, empty folder.',
        targetIsFolder: '{{path}} is a folder and cannot be saved over as a file. Choose a file name inside it.',
        corruptData: 'The database pages holding this data are damaged and cannot be read ({{reason}})',
        damagedCli:
          'The workspace database is damaged ({{problems}} problems found). Run doctor for details, or restore a backup in the app; this command does not open a damaged database.',
      },
      screen: {
        title: 'The workspace database is damaged',
        subtitle:
          'The start-up check found a problem with the database. Nothing has been written, so the damage cannot spread. Choose what to do next:',
        problemsTitle: 'What the check found',
        path: 'Workspace folder',
        restoreTitle: 'Restore the latest backup (recommended)',
        restoreHint:
          'Takes the newest snapshot that passes verification, restores it into a new folder, checks it and only then switches to it. The damaged database is moved into a damaged-… folder in the workspace and kept.',
        vault: 'Backup vault',
        vaultUnavailable: '(not available now)',
        vaultOther: 'Another folder…',
        vaultPath: 'Vault folder',
        vaultPathPlaceholder: 'e.g. /media/backup-disk/qundesk-vault',
        noVaults:
          'No registered vault could be read from the damaged database; enter the folder of your backup vault.',
        lastVerified: 'Last verified: {{at}}',
        neverVerified: 'No verification recorded',
        passphrase: 'Vault passphrase (for encrypted vaults)',
        restore: 'Restore and switch',
        restoring: 'Restoring; do not close the app…',
        restored:
          'Restored snapshot {{snapshot}}: {{messages}} messages, {{members}} members. The damaged database is kept in {{path}}',
        readOnlyTitle: 'Open read-only',
        readOnlyHint:
          'Look at what the damaged database still holds without changing anything. Every change is refused.',
        readOnly: 'Open read-only',
        unreadable: 'The database can no longer be read, so it cannot be opened read-only',
        exportTitle: 'Export what can be read',
        exportHint:
          'Writes every table that can still be read as a CSV file (with a summary JSON) into a new folder.',
        exportPath: 'Export to (leave empty for a new folder next to the workspace)',
        export: 'Export readable data',
        exported: 'Exported {{tables}} tables, {{rows}} rows to {{path}}',
        exportedPartial: '{{count}} of the tables could be read only in part',
        diagnostics: 'Export diagnostics',
      },
      banner: {
        readOnly:
          'Read-only mode: the workspace database is damaged. You can look, but every change is refused.',
        backToRecovery: 'Back to recovery',
      },
    },
    diagnostics: {
      title: 'Diagnostics',
      hint: 'Packs logs, versions, the data version, table row counts and the health check into a zip for support. Contains no member names, WeChat IDs, phone numbers or messages.',
      export: 'Export diagnostics',
      written: 'Diagnostics saved: {{path}}',
    },
    doctor: {
      startupDamaged:
        'The start-up check found the database damaged ({{problems}} problems); it was not opened for writing',
      readOnlyMode: 'The workspace is open read-only',
      backupNone: 'There is no successful backup yet',
      backupAge: 'The last good backup is {{hours}} hours old',
      backupStale: 'The last good backup is {{hours}} hours old, past the {{limit}}-hour warning line',
      verifyOk: 'The latest backup snapshot passed verification',
      verifyFailed:
        'The latest backup verification found problems ({{missing}} missing, {{damaged}} damaged)',
      verifyNone: 'The latest backup snapshot has no verification record yet',
      jobsRunning: '{{count}} jobs are running',
    },
    cli: {
      diagnostics:
        'Export a diagnostics zip (logs, versions, data version, row counts, health check; no personal data)',
      diagnosticsWritten: 'Diagnostics saved: {{path}} ({{entries}} files)',
    },
  },
};
