# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'archive_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QSizePolicy,
    QSpacerItem, QVBoxLayout, QWidget)

from lianhu_desktop.gui.dialogs.date_edit import DateEdit

class Ui_ArchiveDialog(object):
    def setupUi(self, ArchiveDialog):
        if not ArchiveDialog.objectName():
            ArchiveDialog.setObjectName(u"ArchiveDialog")
        ArchiveDialog.resize(420, 220)
        ArchiveDialog.setMinimumSize(QSize(420, 0))
        self.mainLayout = QVBoxLayout(ArchiveDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.intro = QLabel(ArchiveDialog)
        self.intro.setObjectName(u"intro")
        self.intro.setWordWrap(True)

        self.mainLayout.addWidget(self.intro)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.reasonLabel = QLabel(ArchiveDialog)
        self.reasonLabel.setObjectName(u"reasonLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.reasonLabel)

        self.reason = QComboBox(ArchiveDialog)
        self.reason.setObjectName(u"reason")
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.reason)

        self.dateLabel = QLabel(ArchiveDialog)
        self.dateLabel.setObjectName(u"dateLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.dateLabel)

        self.date = DateEdit(ArchiveDialog)
        self.date.setObjectName(u"date")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.date)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(ArchiveDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(ArchiveDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.reasonLabel.setBuddy(self.reason)
        self.dateLabel.setBuddy(self.date)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.reason, self.date)

        self.retranslateUi(ArchiveDialog)
        self.buttonBox.rejected.connect(ArchiveDialog.reject)

        QMetaObject.connectSlotsByName(ArchiveDialog)
    # setupUi

    def retranslateUi(self, ArchiveDialog):
        ArchiveDialog.setWindowTitle(QCoreApplication.translate("ArchiveDialog", u"\u5f52\u6863", None))
        self.reasonLabel.setText(QCoreApplication.translate("ArchiveDialog", u"\u5f52\u6863\u539f\u56e0(&R)\uff1a", None))
        self.dateLabel.setText(QCoreApplication.translate("ArchiveDialog", u"\u5f52\u6863\u65e5\u671f(&D)\uff1a", None))
    # retranslateUi

